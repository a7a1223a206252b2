import {generalizedSmeluGradConfig} from './GeneralizedSmeLU_grad';
import {generalizedSmeluGradGradConfig} from './GeneralizedSmeLUGrad_grad';
import {smeluGradConfig} from './SmeLU_grad';
import {smeluGradGradConfig} from './SmeLUGrad_grad';

export const ALL_GRAD_CONFIGS =
    [smeluGradConfig, smeluGradGradConfig, generalizedSmeluGradConfig, generalizedSmeluGradGradConfig];
