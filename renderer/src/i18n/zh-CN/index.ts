import common from './common';
import home from './home';
import subsidies from './subsidies';
import programs from './programs';
import places from './places';

export default { common, home, subsidies, programs, ...places };
