#include "api.h"
void use(app::Pool &P) { P.GetConn(); }
