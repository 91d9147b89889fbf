import { expose } from 'comlink';
import * as limits from './limits';

export type LimitsApi = typeof limits;

expose(limits);
