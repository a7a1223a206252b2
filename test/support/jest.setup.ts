// Quiets tfjs's "install the node backend" banner; IS_TEST changes nothing else we rely on.
import {env} from '@tensorflow/tfjs-core';

env().set('IS_TEST', true);
