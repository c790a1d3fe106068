package io.keyfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
  @Test
  void g1PrintsOneHeapLine() {
    String info = """
        29838:
         garbage-first heap   total 397312K, used 17946K [0x0000000687400000, 0x0000000800000000)
          region size 4096K, 4 young (16384K), 0 survivors (0K)
         Metaspace       used 8927K, committed 9088K, reserved 1114112K
          class space    used 1062K, committed 1152K, reserved 1048576K
        """;
    assertThat(ProcessMemory.heapUsedKib(info)).hasValue(17946);
  }

  @Test
  void serialAndParallelAddTheirGenerations() {
    String serial = """
        29882:
         def new generation   total 116160K, used 20659K [0x0000000687400000, 0x000000068f200000, 0x0000000704d50000)
          eden space 103296K,  20% used [0x0000000687400000, 0x000000068882cfd8, 0x000000068d8e0000)
          from space 12864K,   0% used [0x000000068d8e0000, 0x000000068d8e0000, 0x000000068e570000)
         tenured generation   total 258048K, used 1024K [0x0000000704d50000, 0x0000000714950000, 0x0000000800000000)
           the space 258048K,   0% used [0x0000000704d50000, 0x0000000704d50000, 0x0000000704d50200, 0x0000000714950000)
         Metaspace       used 8923K, committed 9088K, reserved 1114112K
        """;
    assertThat(ProcessMemory.heapUsedKib(serial)).hasValue(21683);
    String parallel = """
         PSYoungGen      total 113152K, used 17512K [0x0000000782700000, 0x000000078a500000, 0x0000000800000000)
          eden space 97280K, 18% used [0x0000000782700000,0x000000078381a108,0x0000000788600000)
         ParOldGen       total 258048K, used 2M [0x0000000687400000, 0x0000000697000000, 0x0000000782700000)
         Metaspace       used 8940K, committed 9152K, reserved 1114112K
        """;
    assertThat(ProcessMemory.heapUsedKib(parallel)).hasValue(17512 + 2048);
  }

  @Test
  void noHeapLineIsNoFigure() {
    assertThat(ProcessMemory.heapUsedKib("123:\ncom.sun.tools.attach.AttachNotSupportedException\n")).isEmpty();
  }

  @Test
  void readsKibFieldsOfProcStatus() {
    String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmHWM:\t  320724 kB\nVmRSS:\t  311000 kB\n";
    assertThat(ProcessMemory.statusField(status, "VmHWM")).hasValue(320724);
    assertThat(ProcessMemory.statusField(status, "VmRSS")).hasValue(311000);
    assertThat(ProcessMemory.statusField(status, "VmSwap")).isEqualTo(OptionalLong.empty());
  }
}
