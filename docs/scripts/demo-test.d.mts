export function findChromium(): string | null;
export function runDemoTest(options?: {
  threshold?: number;
  epochs?: number;
  allowCpu?: boolean;
  webgl?: boolean;
  screenshotPath?: string;
  log?: (line: string) => void;
}): Promise<{
  skipped?: string;
  backend: string | null;
  backendLine: string;
  frameMs: number;
  prediction: string;
  seconds: number;
  state: string | null;
  first: number;
  smoothed: number;
  accuracy: number;
  steps: number;
  logs: string[];
}>;
