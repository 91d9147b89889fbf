import { EngineStatus } from './EngineStatus';
import { UpdatePrompt } from './pwa/UpdatePrompt';

export function App() {
  return (
    <>
      <header className="app-header">
        <img src="./icons/icon.svg" alt="" width={32} height={32} />
        <h1>Pinhole</h1>
      </header>
      <main className="welcome">
        <h2>Your photos, private by construction</h2>
        <p>
          Pinhole encrypts every photo in this browser before it is stored or sent. Your bucket
          holds only ciphertext under random names; only your password or recovery phrase opens it.
        </p>
        <EngineStatus />
      </main>
      <UpdatePrompt />
    </>
  );
}
