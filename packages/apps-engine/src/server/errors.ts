/** Why a host operation failed. Stable strings: match on `code`, not on `message`. */
export type HostErrorCode =
  | 'invalid_app_id'
  | 'app_exists'
  | 'app_not_found'
  | 'app_install_failed'
  | 'duplicate_endpoint'
  | 'duplicate_command'
  | 'setting_not_found'
  | 'invalid_setting'
  | 'command_not_found'
  | 'command_failed'
  | 'invalid_user'
  | 'user_not_found'
  | 'username_taken'
  | 'invalid_room'
  | 'room_exists'
  | 'room_not_found'
  | 'invalid_message'
  | 'message_not_found'
  | 'not_supported'
  | 'invalid_app_folder'
  | 'app_compile_failed'
  | 'app_load_failed'
  | 'invalid_app_class'
  | 'unsupported_api_version'
  | 'invalid_interaction'
  | 'view_not_found'
  | 'action_not_found'
  | 'interaction_failed'
  | 'not_listening'
  | 'host_closed'
  | 'invalid_store'
  | 'missing_dependency'
  | 'invalid_job'
  | 'invalid_option';

/** A host API call failed. `cause` holds the app's own error when an app hook threw. */
export class HostError extends Error {
  override readonly name = 'HostError';

  constructor(
    readonly code: HostErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type PersistenceErrorCode = 'not_found' | 'invalid_argument' | 'lock_timeout' | 'store_failed';

/** A persistence call failed. Store errors surface as `store_failed` with the store's error as `cause`. */
export class PersistenceError extends Error {
  override readonly name = 'PersistenceError';

  constructor(
    readonly code: PersistenceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
