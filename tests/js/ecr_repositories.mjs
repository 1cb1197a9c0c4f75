// ECR through the AWS SDK for JavaScript v3, configured by the environment alone (AWS_ENDPOINT_URL included): a
// repository created, described, its (empty) image list read, a login token issued, the repository deleted, and
// ECR's error for a repository that is gone. Prints one JSON line of what it saw.
import {
  ECRClient, CreateRepositoryCommand, DescribeRepositoriesCommand, GetAuthorizationTokenCommand, ListImagesCommand,
  DeleteRepositoryCommand, RepositoryNotFoundException,
} from "@aws-sdk/client-ecr";

const name = process.argv[2] ?? "js-repository";
const ecr = new ECRClient({});

const created = await ecr.send(new CreateRepositoryCommand({ repositoryName: name, imageTagMutability: "IMMUTABLE" }));
const described = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
const images = await ecr.send(new ListImagesCommand({ repositoryName: name }));
const token = await ecr.send(new GetAuthorizationTokenCommand({}));
await ecr.send(new DeleteRepositoryCommand({ repositoryName: name }));
let gone = null;
try {
  await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
} catch (error) {
  gone = { name: error.name, isModeled: error instanceof RepositoryNotFoundException, message: error.message };
}

const data = token.authorizationData[0];
console.log(JSON.stringify({
  arn: created.repository.repositoryArn,
  uri: described.repositories[0].repositoryUri,
  mutability: described.repositories[0].imageTagMutability,
  createdAt: described.repositories[0].createdAt instanceof Date,
  images: images.imageIds.length,
  user: Buffer.from(data.authorizationToken, "base64").toString().split(":")[0],
  expiresAt: data.expiresAt instanceof Date,
  proxyEndpoint: data.proxyEndpoint,
  gone,
}));
