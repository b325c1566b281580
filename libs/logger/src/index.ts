export { AcbContext, type AcbContextBindings } from './context/acb-context';
