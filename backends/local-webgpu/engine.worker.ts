// The engine worker's entry: answers the protocol's requests (protocol.ts) with the engine and delivery services.
// Wiring only: one switch from message type to service call, events and status posted back.
import { describeError } from '../../common/errors';
import { manyEventPoster } from '../../classify/classify-many';
import { createDeliveryService } from '../../delivery/delivery-service';
import { folderResolver } from './resolve-folder';
import { createEngineService } from './engine-service';
import { PROTOCOL_VERSION, type RequestMessage, type WorkerEvent, type WorkerMessage } from './protocol';

const post = (message: WorkerMessage) => self.postMessage(message);
const delivery = createDeliveryService();
const engine = createEngineService((self.navigator as Navigator).gpu, folderResolver((id, pin) => delivery.openCached(id, pin)), (status) =>
  post({ v: PROTOCOL_VERSION, kind: 'status', status }),
);

async function answer(m: RequestMessage): Promise<unknown> {
  const emit = (event: WorkerEvent) => post({ v: PROTOCOL_VERSION, kind: 'event', id: m.id, event });
  switch (m.type) {
    case 'probe': return engine.probeDevice();
    case 'load': return engine.load({ kind: 'cache', modelId: m.params.modelId, orgPin: m.params.orgPin }, (progress) => emit({ type: 'loadProgress', progress }), m.params.context);
    case 'unload': return engine.unload();
    case 'classify': return engine.classify(m.params.request, (event) => emit({ type: 'classify', event }));
    case 'classifyMany': return engine.classifyMany(m.params.inputs, m.params.concurrency ?? undefined, manyEventPoster((event) => emit({ type: 'many', event })));
    case 'countTokens': return engine.countTokens(m.params.text);
    case 'measurePrompt': return engine.measurePrompt(m.params.request);
    case 'cancel': return engine.cancel();
    case 'download': return delivery.download(m.params.request, (progress) => emit({ type: 'downloadProgress', progress }));
    case 'importFiles': return delivery.importFiles(m.params.request, m.params.files, (progress) => emit({ type: 'downloadProgress', progress }));
    case 'pauseDownload': return delivery.pause();
    case 'listCached': return delivery.list();
    case 'waitForModel': return delivery.waitUntilFree(m.params.modelId);
    case 'deleteModel': return deleteModel(m.params.modelId);
    case 'loaderMemory': return delivery.loaderMemory();
    case 'simulateDeviceLoss': return engine.simulateDeviceLoss();
  }
}

/** A delete first stops whatever reads the model (its load, a run) and unloads it, then removes its files. */
async function deleteModel(modelId: string) {
  await engine.release(modelId);
  await delivery.remove(modelId);
}

self.addEventListener('message', (e: MessageEvent<RequestMessage>) => {
  const m = e.data;
  if (m?.v !== PROTOCOL_VERSION) {
    post({ v: PROTOCOL_VERSION, kind: 'error', id: m?.id ?? -1, error: { name: 'ProtocolError', message: `protocol version ${m?.v} is not ${PROTOCOL_VERSION}: reload the page` } });
    return;
  }
  answer(m).then(
    (result) => post({ v: PROTOCOL_VERSION, kind: 'result', id: m.id, result }),
    (error) => post({ v: PROTOCOL_VERSION, kind: 'error', id: m.id, error: describeError(error) }),
  );
});
