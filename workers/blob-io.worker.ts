import { serveBlobIo } from '../src/core/crypto/blobIo';

serveBlobIo(self);
