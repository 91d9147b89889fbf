import { expose } from 'comlink';
import { CryptoService } from '../src/core/crypto/service';

expose(CryptoService.inBrowser());
