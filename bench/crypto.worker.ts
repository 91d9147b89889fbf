import { expose } from 'comlink';
import * as cryptoBench from './cryptoBench';

export type CryptoBenchApi = typeof cryptoBench;

expose(cryptoBench);
