export interface SoakOptions {
  submissions?: number;
  concurrency?: number;
  resendRatio?: number;
  killAt?: number | null;
  database?: 'sqlite' | 'postgres';
  port?: number;
  compile?: boolean;
  log?: (message: string) => void;
}

export interface SoakResult {
  database: string;
  submissions: number;
  acknowledged: number;
  stored: number;
  duplicates: number;
  lost: number;
  wrongDocument: number;
  resent: number;
  resendMismatches: number;
  retries: number;
  gaveUp: number;
  fiveXxInKillWindow: number;
  fiveXxOutsideKillWindow: number;
  killed: boolean;
  integrity: string;
  seconds: number;
  throughputPerSecond: number;
  ok: boolean;
}

export function runSoak(options?: SoakOptions): Promise<SoakResult>;
