export enum SettingType {
  BOOLEAN = 'boolean',
  CODE = 'code',
  COLOR = 'color',
  FONT = 'font',
  NUMBER = 'int',
  SELECT = 'select',
  STRING = 'string',
  MULTI_SELECT = 'multiSelect',
  /** A secret: shown masked, never public. */
  PASSWORD = 'password',
}

export interface ISettingSelectValue {
  key: string;
  i18nLabel: string;
}

/** A setting an app provides; an administrator edits its `value`. */
export interface ISetting {
  id: string;
  type: SettingType;
  /** The default, used while `value` is unset. */
  packageValue: unknown;
  value?: unknown;
  required: boolean;
  /** Whether clients (not only the app) may read it. Secrets must not be public. */
  public: boolean;
  i18nLabel: string;
  i18nDescription?: string;
  i18nPlaceholder?: string;
  values?: ISettingSelectValue[];
  multiline?: boolean;
  hidden?: boolean;
  section?: string;
}

export interface ISettingRead {
  /** The setting, or throws when the app provides no setting with this id. */
  getById(id: string): Promise<ISetting>;
  /** `value` when set, else `packageValue`. */
  getValueById(id: string): Promise<unknown>;
}

/** Settings of the host itself, e.g. `Site_Url` (the public base URL). */
export interface IServerSettingRead {
  getValueById(id: string): Promise<unknown>;
}
