export { hashTrackingPin, newTrackingPin } from './application/trackingPin.ts';
export * from './config.ts';
export * from './main.ts';
