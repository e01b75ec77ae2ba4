export { VENUE_NAMES } from '../../shared/domain';
