# Defines the INTERFACE target hsc::zlib when zlib is found (Debian: zlib1g-dev): the headers that
# use zlib, hsc/io/idx.hpp (gzip-compressed IDX files) and hsc/io/zlib_deflate.hpp (compressed PNG).
# Sets HSC_ZLIB_FOUND. Used by hsc's own build and by the installed hscConfig.cmake, where it is the
# component `zlib`.
find_package(ZLIB QUIET)
if(ZLIB_FOUND)
  set(HSC_ZLIB_FOUND TRUE)
  if(NOT TARGET hsc::zlib)
    add_library(hsc::zlib INTERFACE IMPORTED)
    set_target_properties(hsc::zlib PROPERTIES INTERFACE_LINK_LIBRARIES "hsc::hsc;ZLIB::ZLIB")
  endif()
else()
  set(HSC_ZLIB_FOUND FALSE)
endif()
