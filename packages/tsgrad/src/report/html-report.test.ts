import { describe, expect, it } from 'vitest';
import { renderTrainingReport } from './html-report.js';
import { lineChart } from './svg-chart.js';

describe('renderTrainingReport', () => {
  const html = renderTrainingReport({
    title: 'MNIST <MLP>',
    history: {
      loss: [0.5, 0.3, 0.2],
      val_loss: [0.45, 0.32, 0.25],
      accuracy: [0.85, 0.91, 0.94],
      lr: [1e-3, 1e-3, 5e-4],
    },
    evaluation: { loss: 0.21, accuracy: 0.9412 },
    confusionMatrix: [
      [50, 2],
      [3, 45],
    ],
    labels: ['cat', 'dog'],
    classificationReport: [
      { label: 'cat', precision: 0.943, recall: 0.9615, f1: 0.952, support: 52 },
      { label: 'dog', precision: 0.957, recall: 0.9375, f1: 0.947, support: 48 },
    ],
    details: { optimizer: 'adam' },
  });

  it('is one self-contained document: no scripts, no external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|src=|href=|@import|url\(/i);
  });

  it('charts each metric with its validation twin, and the learning rate', () => {
    expect(html).toContain('aria-label="loss"');
    expect(html).toContain('aria-label="accuracy"');
    expect(html).toContain('aria-label="learning rate"');
    expect(html).toContain('val_loss');
  });

  it('shows the evaluation, the confusion matrix counts and the report rows', () => {
    expect(html).toContain('0.9412');
    expect(html).toContain('true cat, predicted dog: 2');
    expect(html).toContain('<th>dog</th><td>0.9570</td><td>0.9375</td><td>0.9470</td><td>48</td>');
  });

  it('escapes text from the caller', () => {
    expect(html).toContain('MNIST &lt;MLP&gt;');
    expect(html).not.toContain('<MLP>');
  });

  it('rejects a non-square confusion matrix', () => {
    expect(() => renderTrainingReport({ confusionMatrix: [[1, 2]] })).toThrow(
      'renderTrainingReport: confusionMatrix must be square',
    );
  });
});

describe('lineChart', () => {
  it('leaves gaps for non-finite values and survives a single point', () => {
    const svg = lineChart('x', [{ name: 'a', values: [1, Number.NaN, 3] }]);
    expect(svg.match(/M/g)?.length).toBe(2);
    expect(lineChart('one', [{ name: 'a', values: [2] }])).toContain('<circle');
    expect(lineChart('none', [{ name: 'a', values: [] }])).toContain('no data');
  });
});
