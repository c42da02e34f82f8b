export { hashTrackingPin, newTrackingPin, verifyTrackingPin } from './application/trackingPin.ts';
export * from './config.ts';
export * from './main.ts';
