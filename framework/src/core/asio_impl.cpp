// The one translation unit that compiles Asio (ASIO_SEPARATE_COMPILATION). Every other
// file includes Asio's headers only, which keeps builds fast and gives a shared-library
// plugin the same Asio state as its host.
#include <asio/impl/src.hpp>
// asio::ssl (the HTTP client's HTTPS), compiled here for the same reason.
#include <asio/ssl/impl/src.hpp>
