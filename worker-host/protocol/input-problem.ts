export * from '../../shared/input-problem';
