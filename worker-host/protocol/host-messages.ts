export * from '../../shared/host-messages';
