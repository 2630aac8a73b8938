import { describe, it } from 'vitest';
import { runConformance } from './testing.js';

runConformance('cpu', { describe, it });
