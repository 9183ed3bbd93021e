"""Prints, as JSON, every Keyless component a Python program constructs: its class, its name,
its keyword arguments (literals; anything computed becomes an expression marker) and the
attributes the program reads from it."""

import ast
import json
import sys

source = open(sys.argv[1], encoding="utf-8").read()
tree = ast.parse(source)

modules = set()
for node in ast.walk(tree):
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name == "pulumi_keyless":
                modules.add(alias.asname or alias.name)


def value(node):
    try:
        return ast.literal_eval(node)
    except ValueError:
        return {"__expression__": ast.unparse(node)}


calls = []
bound = {}
for node in ast.walk(tree):
    call = node.value if isinstance(node, ast.Assign) else node
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id in modules
    ):
        continue
    if any(c is call for c in (x["node"] for x in calls)):
        continue
    entry = {
        "node": call,
        "component": call.func.attr,
        "name": value(call.args[0]) if call.args else None,
        "kwargs": {k.arg: value(k.value) for k in call.keywords},
        "reads": [],
    }
    calls.append(entry)
    if isinstance(node, ast.Assign):
        for target in node.targets:
            if isinstance(target, ast.Name):
                bound[target.id] = entry

for node in ast.walk(tree):
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound:
        bound[node.value.id]["reads"].append(node.attr)

print(json.dumps([{k: v for k, v in c.items() if k != "node"} for c in calls]))
