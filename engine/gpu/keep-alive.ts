// Dawn for Node does not keep Node's event loop alive while it waits for the GPU: a process whose only
// pending work is a long mapAsync/onSubmittedWorkDone simply exits. Holding a timer while such a promise
// is pending prevents that; in a browser worker it is harmless.
export function keepAlive<T>(pending: Promise<T>): Promise<T> {
  const timer = setInterval(() => {}, 1000);
  return pending.finally(() => clearInterval(timer));
}
