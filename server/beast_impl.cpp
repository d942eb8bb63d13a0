// Asio and Beast compiled once (BOOST_*_SEPARATE_COMPILATION, set PUBLIC on the
// beast_impl library): every other translation unit includes declarations only.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
