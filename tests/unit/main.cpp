// The Boost.Test entry point shared by every unit_<module> executable.
#define BOOST_TEST_MODULE corrent
#include <boost/test/unit_test.hpp>
