export interface IAppAuthorInfo {
  name: string;
  support?: string;
  homepage?: string;
}

/** An app's manifest. `id` names the app in every path and store key. */
export interface IAppInfo {
  id: string;
  name: string;
  version: string;
  nameSlug?: string;
  description?: string;
  requiredApiVersion?: string;
  author?: IAppAuthorInfo;
  classFile?: string;
  iconFile?: string;
}
