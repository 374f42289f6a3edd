import { factories } from '@strapi/strapi';

// No route reaches it: beacons are answered by src/middlewares/beacon.ts, the dashboard by
// src/counting/dashboard-route.ts.
export default factories.createCoreController('api::reader-count.reader-count');
