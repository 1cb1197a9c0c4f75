// A notebook instance through the AWS SDK for JavaScript v3 and its waiters, configured by the environment alone
// (AWS_ENDPOINT_URL, the key pair): a lifecycle configuration, the instance to InService, a presigned URL that signs a
// browser in (followed here with fetch and the instance's host name), stop, delete. Prints one JSON line of what it saw.
import {
  SageMakerClient, CreateNotebookInstanceLifecycleConfigCommand, CreateNotebookInstanceCommand, DescribeNotebookInstanceCommand,
  CreatePresignedNotebookInstanceUrlCommand, StopNotebookInstanceCommand, DeleteNotebookInstanceCommand,
  waitUntilNotebookInstanceInService, waitUntilNotebookInstanceStopped, waitUntilNotebookInstanceDeleted,
} from "@aws-sdk/client-sagemaker";
import http from "node:http";

const name = process.argv[2] ?? "js-notebook";
const sm = new SageMakerClient({});
const waiting = { client: sm, minDelay: 1, maxDelay: 1, maxWaitTime: 60 };

await sm.send(new CreateNotebookInstanceLifecycleConfigCommand({
  NotebookInstanceLifecycleConfigName: `${name}-setup`,
  OnStart: [{ Content: Buffer.from("#!/bin/bash\necho hello from javascript\n").toString("base64") }],
}));
const { NotebookInstanceArn } = await sm.send(new CreateNotebookInstanceCommand({
  NotebookInstanceName: name, InstanceType: "ml.t3.medium", RoleArn: "arn:aws:iam::000000000000:role/SageMakerRole",
  LifecycleConfigName: `${name}-setup`,
}));
await waitUntilNotebookInstanceInService(waiting, { NotebookInstanceName: name });
const described = await sm.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name }));
const { AuthorizedUrl } = await sm.send(new CreatePresignedNotebookInstanceUrlCommand({ NotebookInstanceName: name }));

// Node resolves names itself; the request goes to the server's port with the instance's host name, as a browser sends it.
const signedIn = await new Promise((resolve, reject) => {
  const url = new URL(AuthorizedUrl);
  const request = http.request({ host: "127.0.0.1", port: url.port, path: url.pathname + url.search, headers: { Host: url.host } }, response => {
    response.resume();
    resolve({ status: response.statusCode, location: response.headers.location, cookie: (response.headers["set-cookie"] ?? []).length });
  });
  request.on("error", reject);
  request.end();
});

await sm.send(new StopNotebookInstanceCommand({ NotebookInstanceName: name }));
await waitUntilNotebookInstanceStopped(waiting, { NotebookInstanceName: name });
await sm.send(new DeleteNotebookInstanceCommand({ NotebookInstanceName: name }));
await waitUntilNotebookInstanceDeleted(waiting, { NotebookInstanceName: name });

console.log(JSON.stringify({
  arn: NotebookInstanceArn,
  status: described.NotebookInstanceStatus,
  url: described.Url,
  created: described.CreationTime instanceof Date,
  authorizedUrl: AuthorizedUrl,
  signedIn,
}));
