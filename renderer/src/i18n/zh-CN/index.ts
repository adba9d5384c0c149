import common from './common';
import home from './home';
import subsidies from './subsidies';
import programs from './programs';
import places from './places';
import agent from './agent';
import cases from './cases';
import services from './services';
import feedback from './feedback';
import track from './track';
import backup from './backup';
import sync from './sync';
import syncStatus from './syncStatus';
import stationAdmin from './stationAdmin';

export default { common, home, subsidies, programs, ...places, agent, cases, services, feedback, track, backup, sync, syncStatus, stationAdmin };
