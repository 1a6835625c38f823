/**
 * @jest-environment jest-preset-angular/environments/jest-jsdom-env
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
import './setup-testbed';
import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

@Component({ selector: 'x-hello', template: `<p>{{ text() }}</p>` })
class Hello {
  readonly text = signal('hi');
}

it('renders', async () => {
  const f = TestBed.createComponent(Hello);
  await f.whenStable();
  expect(f.nativeElement.textContent).toContain('hi');
  f.componentInstance.text.set('bye');
  await f.whenStable();
  expect(f.nativeElement.textContent).toContain('bye');
});
