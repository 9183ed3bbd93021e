/**
 * Roles granted on named resources rather than on the whole project. Each kind is one IAM member
 * resource of `@pulumi/gcp`; the member is the service account, or, for direct resource access,
 * each federated principal.
 *
 * @module
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** A role on one named resource. Plain data, discriminated by `kind`. */
export type GcpResourceGrant =
  /** A Cloud Storage bucket, by name. */
  | { readonly kind: "storage-bucket"; readonly bucket: string; readonly role: string }
  /** A Secret Manager secret, by ID (in the identity's project unless `project` is given). */
  | {
      readonly kind: "secret";
      readonly secretId: string;
      readonly role: string;
      readonly project?: string;
    }
  /** An Artifact Registry repository, by ID and location. */
  | {
      readonly kind: "artifact-registry-repository";
      readonly repository: string;
      readonly location: string;
      readonly role: string;
      readonly project?: string;
    }
  /** A Pub/Sub topic, by name. */
  | {
      readonly kind: "pubsub-topic";
      readonly topic: string;
      readonly role: string;
      readonly project?: string;
    };

/** The resource a grant names, for resource names and messages: `storage-bucket/acme-artifacts`. */
export function grantTarget(grant: GcpResourceGrant): string {
  switch (grant.kind) {
    case "storage-bucket":
      return `storage-bucket/${grant.bucket}`;
    case "secret":
      return `secret/${grant.secretId}`;
    case "artifact-registry-repository":
      return `artifact-registry-repository/${grant.location}/${grant.repository}`;
    case "pubsub-topic":
      return `pubsub-topic/${grant.topic}`;
  }
}

/** Creates the IAM member resource that gives `member` the grant's role on its resource. */
export function createResourceGrant(
  name: string,
  grant: GcpResourceGrant,
  project: string,
  member: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  switch (grant.kind) {
    case "storage-bucket":
      return new gcp.storage.BucketIAMMember(
        name,
        { bucket: grant.bucket, role: grant.role, member },
        opts,
      );
    case "secret":
      return new gcp.secretmanager.SecretIamMember(
        name,
        { secretId: grant.secretId, project: grant.project ?? project, role: grant.role, member },
        opts,
      );
    case "artifact-registry-repository":
      return new gcp.artifactregistry.RepositoryIamMember(
        name,
        {
          repository: grant.repository,
          location: grant.location,
          project: grant.project ?? project,
          role: grant.role,
          member,
        },
        opts,
      );
    case "pubsub-topic":
      return new gcp.pubsub.TopicIAMMember(
        name,
        { topic: grant.topic, project: grant.project ?? project, role: grant.role, member },
        opts,
      );
  }
}
