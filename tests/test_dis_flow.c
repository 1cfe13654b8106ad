/* test_dis_flow.c: the symbolic disassembly: following control from the start line, and the listing it gives. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssem_dis.h"
#include "ssem_isa.h"
#include "ssem_word.h"
#include "test_util.h"

#define W(f, n) ssem_word_make((f), (n))

Test(dis_flow, jmp_lands_one_past_its_address_word)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(SSEM_JMP, 5);
    s[5] = 9;
    s[10] = W(SSEM_STP, 0);
    ssem_dis_flow fl;
    ssem_dis_flow_analyse(s, 0, &fl);
    cr_assert_eq(fl.start, 1);
    cr_assert(fl.code[1] && fl.code[10] && fl.target[10]);
    cr_assert(fl.data[5] && fl.jump_word[5] && !fl.code[5]);
    cr_assert(!fl.code[2], "nothing falls through a JMP");
    cr_assert(!fl.code[11], "nothing runs past a STP");
}

Test(dis_flow, cmp_has_two_successors_and_lines_wrap)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    for (int i = 0; i < SSEM_WORDS; i++)
        s[i] = W(SSEM_STP, 0);
    s[30] = W(SSEM_LDN, 3);
    s[31] = W(SSEM_CMP, 0);
    ssem_dis_flow fl;
    ssem_dis_flow_analyse(s, 29, &fl);
    cr_assert_eq(fl.start, 30);
    cr_assert(fl.code[30] && fl.code[31] && fl.code[0] && fl.code[1], "CMP at 31 goes on at 0 or 1");
    cr_assert(!fl.code[2]);
    cr_assert(fl.data[3]);
    ssem_dis_flow_analyse(s, 31, &fl);
    cr_assert_eq(fl.start, 0, "CI 31 fetches line 0 first");
}

Test(dis_flow, jrp_is_relative_to_its_own_line)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(SSEM_LDN, 20);
    s[2] = W(SSEM_JRP, 7);
    s[7] = (uint32_t)-3; /* 2 - 3 + 1 = 0: lands on line 0 */
    s[0] = W(SSEM_STP, 0);
    ssem_dis_flow fl;
    ssem_dis_flow_analyse(s, 0, &fl);
    cr_assert(fl.code[0] && fl.target[0]);
    cr_assert(fl.data[7] && !fl.jump_word[7], "a JRP's word is an offset, not an address");
}

Test(dis_flow, stores_into_code_are_noted)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(SSEM_LDN, 9);
    s[2] = W(SSEM_STO, 4);
    s[3] = W(SSEM_STO, 10);
    s[4] = W(SSEM_STP, 0);
    ssem_dis_flow fl;
    ssem_dis_flow_analyse(s, 0, &fl);
    cr_assert_eq(fl.written_by[4], 2);
    cr_assert_eq(fl.written_by[10], 3);
    cr_assert_eq(fl.written_by[9], -1);
}

static char *render(const ssem_image *img, bool crt)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ssem_dis_opts o = { "t.img", "img", crt, true };
    cr_assert_eq(ssem_dis_store(f, img, &o), 0);
    fclose(f);
    return text;
}

Test(dis_flow, listing_names_words_and_landing_lines)
{
    ssem_image img = { 0 };
    img.word[1] = W(SSEM_LDN, 20);
    img.word[2] = W(SSEM_SUB, 21);
    img.word[3] = W(SSEM_CMP, 0);
    img.word[4] = W(SSEM_JMP, 22);
    img.word[5] = W(SSEM_STO, 8);
    img.word[6] = W(SSEM_JRP, 23);
    img.word[7] = W(SSEM_SUB, 20) | 1u << 20; /* an ignored bit set */
    img.word[8] = W(SSEM_STP, 0);
    img.word[20] = 5;
    img.word[21] = (uint32_t)-7;
    img.word[22] = 0;  /* JMP lands on 1 */
    img.word[23] = 0;  /* JRP from 6 lands on 7 */
    img.word[24] = 100;
    img.word[25] = W(SSEM_LDN, 3);
    char *t = render(&img, false);
    const char *want[] = {
        "01: L01:  LDN D20          ; execution starts here\n",
        "02:       SUB D21\n",
        "03:       CMP\n",
        "04:       JMP D22          ; to L01\n",
        "05:       STO D08\n",
        "06:       JRP D23          ; to L07\n",
        "07: L07:  NUM 1081364      ; reads as SUB 20\n",
        "08: D08:  STP              ; rewritten by the STO at 05\n",
        "20: D20:  NUM 5\n",
        "21: D21:  NUM -7\n",
        "22: D22:  NUM L01-1\n",
        "23: D23:  NUM 0\n",
        "24:       NUM 100\n",
        "25:       LDN 3\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_assert(strstr(t, want[i]), "wanted \"%s\" in:\n%s", want[i], t);
    free(t);
    t = render(&img, true);
    cr_assert(strstr(t, "\n04:       JMP D22          ; 01101000000000000000000000000000  to L01\n"), "%s", t);
    cr_assert(strstr(t, "\n22: D22:  NUM L01-1        ; 00000000000000000000000000000000\n"), "%s", t);
    free(t);
}

/* A JMP's word shown as a label needs the value to be exactly label-1:
 * 31 lands on line 0 too, but "L00-1" would assemble to -1. */
Test(dis_flow, jump_words_that_wrap_stay_numbers)
{
    ssem_image img = { 0 };
    img.word[1] = W(SSEM_JMP, 9);
    img.word[9] = 31;
    img.word[0] = W(SSEM_STP, 0);
    char *t = render(&img, false);
    cr_assert(strstr(t, "\n09: D09:  NUM 31\n"), "%s", t);
    cr_assert(strstr(t, "\n01:       JMP D09          ; to L00\n"), "%s", t);
    free(t);
}

Test(dis_flow, golden_listing)
{
    tu_run r = tu_execl(NULL, "ssemdis", "--symbolic", "tests/image/dis-sample.img", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(tu_golden("tests/image/dis-sample-symbolic.s", r.out, r.outlen));
    tu_run_free(&r);
}
