// Tests record log lines through sinks when they need them; stderr stays quiet so a failing
// test's output is not buried. CROSSBOOK_TEST_LOGS=1 shows everything.
import { muteStderr } from '../../electron/base/log';

if (process.env.CROSSBOOK_TEST_LOGS !== '1') muteStderr();
