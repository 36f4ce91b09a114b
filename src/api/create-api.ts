import { createDispatch, type Dispatch, type DispatchOptions } from './dispatch.js';
import { createHandlers } from './handlers.js';
import { ApiHost, type ApiHostOptions } from './host.js';

export interface Api {
  host: ApiHost;
  dispatch: Dispatch;
}

/** The core behind the contract, as each shell hosts it (Electron main, `cmdbw serve`, tests). */
export function createApi(opts: ApiHostOptions & DispatchOptions): Api {
  const host = new ApiHost(opts);
  return { host, dispatch: createDispatch(createHandlers(host), opts) };
}
