import { startActivepiecesSandbox, type ActivepiecesSandbox } from './activepieces/server';
import type { ActivepiecesConfig } from './activepieces/types';
import { startMerchantSandbox, type MerchantSandbox } from './merchant/server';
import type { MerchantConfig } from './merchant/types';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  activepiecesPort?: number;
  /** 0 (the default) picks a free port. */
  merchantPort?: number;
  /** 127.0.0.1 (the default); 0.0.0.0 lets a container on this machine reach the fakes. */
  host?: string;
  activepieces?: ActivepiecesConfig;
  merchant?: MerchantConfig;
}

export interface Sandbox {
  activepieces: ActivepiecesSandbox;
  merchant: MerchantSandbox;
  /** Resets both fakes to their state at start. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts both fakes, on 127.0.0.1 unless `host` says otherwise. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const activepieces = await startActivepiecesSandbox(options.activepieces, options.activepiecesPort ?? 0, options.host);
  let merchant: MerchantSandbox;
  try {
    merchant = await startMerchantSandbox(options.merchant, options.merchantPort ?? 0, options.host);
  } catch (error) {
    // Do not leave the first server holding its port when the second cannot start.
    await activepieces.close();
    throw error;
  }
  return {
    activepieces,
    merchant,
    reset: () => {
      activepieces.reset();
      merchant.reset();
    },
    close: async () => {
      await Promise.all([activepieces.close(), merchant.close()]);
    },
  };
}
