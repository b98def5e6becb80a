// Umbrella header: everything hsc offers, except the optional FFTW backend (hsc/fft/fftw.hpp).
#pragma once

#include "hsc/concepts.hpp"
#include "hsc/config.hpp"
#include "hsc/fwd.hpp"
#include "hsc/random.hpp"

#include "hsc/simd/correlate.hpp"
#include "hsc/simd/kernels.hpp"

#include "hsc/distribution/empirical.hpp"
#include "hsc/distribution/gamma.hpp"
#include "hsc/distribution/homogeneous.hpp"
#include "hsc/distribution/lognormal.hpp"
#include "hsc/distribution/sampling.hpp"
#include "hsc/distribution/uniform_grid.hpp"

#include "hsc/bank/gabor.hpp"
#include "hsc/bank/kernel_bank.hpp"
#include "hsc/bank/log_gabor.hpp"
#include "hsc/bank/oriented_bank.hpp"
#include "hsc/bank/random_normal.hpp"

#include "hsc/io/image.hpp"
#include "hsc/io/montage.hpp"
#include "hsc/io/npy.hpp"
#include "hsc/io/pgm.hpp"
#include "hsc/io/png.hpp"

#include "hsc/preprocess/local_contrast.hpp"

#include "hsc/code/reconstruct.hpp"
#include "hsc/code/sparse_code.hpp"
#include "hsc/encoder/encoder.hpp"
#include "hsc/fft/backend.hpp"
#include "hsc/fft/fft.hpp"
#include "hsc/fft/real_fft_2d.hpp"
#include "hsc/metrics/metrics.hpp"
#include "hsc/metrics/pruning.hpp"
#include "hsc/solver/admm.hpp"
#include "hsc/solver/cbpdn_problem.hpp"
#include "hsc/solver/fista.hpp"
#include "hsc/solver/matching_pursuit.hpp"
#include "hsc/solver/orthogonal_matching_pursuit.hpp"
#include "hsc/solver/patch_coder.hpp"
#include "hsc/solver/patch_fista.hpp"
#include "hsc/solver/report.hpp"
