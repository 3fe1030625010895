export * from '../../shared/units';
