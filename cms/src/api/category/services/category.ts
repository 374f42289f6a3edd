import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::category.category');
