import { expose } from 'comlink';
import { ImportWork } from '../src/core/import/importWork';

expose(new ImportWork());
