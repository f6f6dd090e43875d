/** What the app and the process entry wire from the push feature (see the module files). */
export { PUSH_MIGRATION } from './schema';
export { pushRoutes } from './routes';
export { startReminderScheduler, type ReminderScheduler, type SchedulerOptions } from './scheduler';
export { deleteReaderSubscription, functionPushStatus, pruneSubscriptions, upsertReaderSubscription } from './subscriptions';
export { notifyPicturePublished } from './queue';
export { getReminderConfig, setReminderConfig, ensureVapidKeys, vapidSubjectFromEnv } from './settings';
export { dueSlots, planSlots, nextSlot } from './schedule';
