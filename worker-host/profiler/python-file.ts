export { isPythonFile } from '../../shared/languages';
