export const ALIAS = 'example';

export const ACTIONS = {
    preferences: 'example-preferences',
    dismiss: 'example-dismiss',
    count: 'example-count-words',
};

export const VIEWS = {
    preferences: 'example-preferences-view',
};

export const REMINDER_JOB = 'example-reminder';
