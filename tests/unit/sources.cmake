# The unit-test sources, shared by the native variants (tests/CMakeLists.txt) and the cross build
# (tests/cross). Paths relative to tests/.
#
# hsc_unit_simd_sources test code with SIMD paths (kernels, solvers, FFT, networks, quantizers):
# what the SSE2 and scalar variants build. The others test code that is the same on every
# instruction set (configuration, readers, distributions, bank generation and fitting, the data-set
# pipeline, whose coders the solver suites cover).
set(hsc_unit_simd_sources
  unit/main.cpp
  unit/test_simd.cpp
  unit/test_mp.cpp
  unit/test_preprocess.cpp
  unit/test_patch.cpp
  unit/test_fft.cpp
  unit/test_admm.cpp
  unit/test_fista.cpp
  unit/test_quantize.cpp
  unit/test_reservoir.cpp
  unit/test_nn.cpp
  unit/test_nn_blocks.cpp
  unit/test_learn.cpp)
set(hsc_unit_sources
  ${hsc_unit_simd_sources}
  unit/test_config.cpp
  unit/test_distribution.cpp
  unit/test_bank.cpp
  unit/test_io.cpp
  unit/test_dataset.cpp
  unit/test_fit.cpp)
