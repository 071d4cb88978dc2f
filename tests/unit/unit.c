/* Runner shared by every C unit test: runs unit_suite() and exits non-zero on any failure. */
#include <stdlib.h>
#include "unit.h"

int main(void)
{
    SRunner *sr = srunner_create(unit_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
