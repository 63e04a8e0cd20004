// Worker entry: exposes the engine service to the page. Kept to wiring only.
import * as Comlink from 'comlink';
import { createEngineService } from './engine-service';

Comlink.expose(createEngineService((self.navigator as Navigator).gpu));
