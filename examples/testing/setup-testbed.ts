// Angular's TestBed for jest, zoneless: the JIT compiler, then the browser testing platform.
import '@angular/compiler';
import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv();
