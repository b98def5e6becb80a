# Defines the INTERFACE target hsc::fftw (FFTW3 in float and double, for hsc/fft/fftw.hpp) when
# FFTW's header and both libraries are found (Debian: libfftw3-dev). Sets HSC_FFTW_FOUND.
# Used by hsc's own build and by the installed hscConfig.cmake. FFTW is GPL-2.0-or-later.
find_path(HSC_FFTW_INCLUDE_DIR fftw3.h)
find_library(HSC_FFTW_FLOAT_LIBRARY fftw3f)
find_library(HSC_FFTW_DOUBLE_LIBRARY fftw3)
if(HSC_FFTW_INCLUDE_DIR AND HSC_FFTW_FLOAT_LIBRARY AND HSC_FFTW_DOUBLE_LIBRARY)
  set(HSC_FFTW_FOUND TRUE)
  if(NOT TARGET hsc::fftw)
    add_library(hsc::fftw INTERFACE IMPORTED)
    set_target_properties(hsc::fftw PROPERTIES
      INTERFACE_INCLUDE_DIRECTORIES "${HSC_FFTW_INCLUDE_DIR}"
      INTERFACE_LINK_LIBRARIES "hsc::hsc;${HSC_FFTW_FLOAT_LIBRARY};${HSC_FFTW_DOUBLE_LIBRARY}"
      INTERFACE_COMPILE_DEFINITIONS HSC_HAS_FFTW=1)
  endif()
else()
  set(HSC_FFTW_FOUND FALSE)
endif()
