// Worker entry: exposes the engine (GPU) and delivery (downloads, cache) services to the page. Wiring only.
import * as Comlink from 'comlink';
import { createEngineService } from './engine-service';
import { createDeliveryService } from './delivery/delivery-service';
import { folderResolver } from './delivery/resolve-folder';

const delivery = createDeliveryService();
const engine = createEngineService((self.navigator as Navigator).gpu, folderResolver((id) => delivery.openCached(id)));

// proxy-marked so the page gets typed nested remotes (api.engine.load, api.delivery.download).
export const workerApi = { engine: Comlink.proxy(engine), delivery: Comlink.proxy(delivery) };
export type WorkerApi = typeof workerApi;
Comlink.expose(workerApi);
