// Objective-C++: C++ functions are checked; Objective-C methods and blocks
// are not analysed (the session held across the sleep in -save: is not
// reported).
#include <soci/soci.h>
#include <unistd.h>

@interface Store
- (void)save:(soci::connection_pool &)pool;
@end

@implementation Store
- (void)save:(soci::connection_pool &)pool {
  soci::session sql(pool);
  sql << "insert into t values(1)";
  void (^block)(void) = ^{ sleep(1); };
  block();
  sleep(1);
}
@end

void plain(soci::connection_pool &pool) {
  soci::session sql(pool);
  sleep(1);
}
