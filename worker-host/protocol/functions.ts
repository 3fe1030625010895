export * from '../../shared/functions';
